/**
 * The networks, with their derivatives written by hand over ND4J arrays: the energy {@code s(x)} of a denoising
 * density estimator ({@link io.ddestream.engine.nn.EnergyNetwork}), its forward pass, input gradient and the double
 * backprop of the denoising loss ({@link io.ddestream.engine.nn.NetworkPass}, docs/method.md section 1), the
 * generator {@code g(z) = z + MLP(z)} and the back-propagation of an external gradient through it (section 3), and
 * the fused element-wise kernels both use (docs/performance.md).
 *
 * <p>Hand-derived because ND4J's automatic differentiation cannot differentiate a gradient; the gradient tests check
 * every derivative in float64 against finite differences. Parameters live in one flat vector per network. Nothing
 * here knows what the networks are trained on.
 */
package io.ddestream.engine.nn;
