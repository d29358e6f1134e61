"""Chebyshev coefficients of the Mills ratio R(z) = Q(z)/phi(z) used by org.monge.gmm.StandardNormal.

R(z) = sqrt(pi/2) erfcx(z/sqrt 2), evaluated by mpmath at 40 digits and interpolated at N Chebyshev points:
  z in [0, 2.5] and [2.5, 5]: R itself in the variable x = affine map of the interval onto [-1, 1];
  z >= 5: z R(z) in u = 25/z^2 in (0, 1] (x = 2u - 1), which is smooth (geometric convergence) at u = 0.
Each series is cut where the coefficients fall below 2e-18 of the function's smallest value on the piece.
Usage: /usr/bin/python3 monge-core/tools/mills_ratio_chebyshev.py  (prints the Java arrays)
"""
import mpmath as mp

mp.mp.dps = 40


def mills(z):
    return mp.sqrt(mp.pi / 2) * mp.erfc(z / mp.sqrt(2)) * mp.exp(z * z / 2)


def chebyshev(f, n=120):
    th = [mp.pi * (j + mp.mpf(1) / 2) / n for j in range(n)]
    fs = [f(mp.cos(t)) for t in th]
    c = [2 * mp.fsum(fs[j] * mp.cos(k * th[j]) for j in range(n)) / n for k in range(n)]
    c[0] /= 2
    return c


def cut(c, smallest):
    last = max(k for k in range(len(c)) if abs(c[k]) > 2e-18 * smallest)
    return c[:last + 1]


def emit(name, c):
    body = ", ".join(mp.nstr(v, 20, strip_zeros=False) for v in c)
    print("    private static final double[] %s = {%s};" % (name, body))


pieces = [("LOW", 0, 2.5), ("MID", 2.5, 5)]
for name, a, b in pieces:
    a, b = mp.mpf(a), mp.mpf(b)
    c = chebyshev(lambda x: mills((b - a) / 2 * x + (a + b) / 2))
    emit(name, cut(c, mills(b)))
tail = chebyshev(lambda x: (lambda u: 1 if u == 0 else (5 / mp.sqrt(u)) * mills(5 / mp.sqrt(u)))((x + 1) / 2))
emit("TAIL", cut(tail, mp.mpf("0.96")))
