package org.monge.cli;

import org.monge.gaussian.Gaussian;
import org.monge.gaussian.entropic.EntropicGaussian;
import org.monge.gaussian.entropic.EntropicGaussianResult;
import org.monge.gaussian.entropic.ReferenceCoupling;
import org.monge.gaussian.entropic.ReferenceCorrelationSearch;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The demo's entropic part: the bias of the product reference, how a correlated reference removes it, and the four figures. */
final class EntropicDemo implements DemoCommand.DemoSection {
    @Override
    public String name() { return "entropic"; }

    @Override
    public Report run(Path out, PrintWriter say) throws Exception {
        say.println("== Entropic Gaussian OT with a Gaussian reference coupling (closed form)");
        Gaussian p = GaussianDemo.example(out, 0), q = GaussianDemo.example(out, 1);
        double eps = 0.5;
        EntropicGaussian solver = EntropicGaussian.withEpsilon(eps);
        EntropicGaussianResult product = solver.solve(p, q);
        EntropicGaussianResult correlated = solver.withReference(ReferenceCoupling.correlated(0.9, p.dimension())).solve(p, q);
        say.printf("ε = %s, W2² = %.6f%n", eps, product.w2Squared());
        say.printf("  product reference:          OT = %.6f, bias = %.6f, dual gap = %.1e%n",
                product.cost(), product.bias(), product.dualGap());
        say.printf("  reference correlation 0.9:  OT = %.6f, bias = %.6f, dual gap = %.1e%n",
                correlated.cost(), correlated.bias(), correlated.dualGap());
        ReferenceCorrelationSearch.Result need = ReferenceCorrelationSearch.defaults().correlationForBias(1, 1, eps, 0.05);
        say.printf("N(0,1) → N(0,1) at ε = %s: correlation ρ = %.4f is the smallest correlation with bias ≤ 0.05 (bias %.4f)%n",
                eps, need.rho(), need.bias());
        List<Path> figures = EntropicFigures.write(out);
        for (Path f : figures) say.println("  figure -> " + f);
        return new Report().put("epsilon", eps).put("bias_product", product.bias()).put("bias_correlated_0_9", correlated.bias())
                .put("rho_for_bias_0_05", need.rho()).put("figures", figures.size());
    }
}
