/**
 * Transport maps fitted once and applied to new points, and the domain-adaptation estimators built on them.
 *
 * <p>Where to start: {@link org.monge.maps.TransportMap}, the one type every map implements (apply to the rows of a
 * matrix, dimension checks, the parameter arrays that save and reload it; org.monge.io's
 * {@code TransportMapFiles} writes them as .npz, since this package reads no files). The maps:
 * {@link org.monge.maps.EntropicMap} (Pooladian &amp; Niles-Weed 2021, from Sinkhorn's target potential),
 * {@link org.monge.maps.BarycentricMap} (the barycentric projection of an exact or entropic plan, extended to new
 * points by nearest neighbour), {@link org.monge.maps.MonotoneMap} (the 1-D quantile map),
 * {@link org.monge.maps.LinearMap} (the Brenier map between regularised Gaussian fits) and
 * {@link org.monge.maps.MixtureMap} (Delon &amp; Desolneux's map between fitted Gaussian mixtures).
 *
 * <p>The domain-adaptation estimators, with POT's {@code ot.da} fit/transform shape and conventions (checked against
 * POT 0.8.2): {@link org.monge.maps.EmdTransport}, {@link org.monge.maps.SinkhornTransport} (POT's reg_e is ε,
 * its cost normalisations in {@link org.monge.maps.CostNormalization}), {@link org.monge.maps.LinearTransport} and
 * {@link org.monge.maps.UnbalancedSinkhornTransport}, and with source labels the class-regularised
 * {@link org.monge.maps.SinkhornLpl1Transport} (group lasso ℓp-ℓ1, majorisation-minimisation) and
 * {@link org.monge.maps.SinkhornL1l2Transport} (ℓ1-ℓ2, generalised conditional gradient). Their {@code transform} is
 * POT's: the barycentric projection at the fitting points, the nearest fitting point's displacement for new ones.
 *
 * <p>Dependencies: this package calls the solvers of {@code discrete.exact}, {@code discrete.entropic},
 * {@code discrete.unbalanced}, {@code gaussian} and {@code gmm} through their public API; nothing depends on it
 * except org.monge.io's map files and the command line.
 */
package org.monge.maps;
