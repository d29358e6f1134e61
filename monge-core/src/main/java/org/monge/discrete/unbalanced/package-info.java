/**
 * Transport between measures of different total mass, a sibling of {@code org.monge.discrete.exact}
 * and {@code org.monge.discrete.entropic} (docs/architecture.md).
 * {@link org.monge.discrete.unbalanced.PartialTransport} moves a prescribed mass exactly, by the
 * network simplex on a problem with dummy points (Chapel, Alaya &amp; Gasso 2020).
 */
package org.monge.discrete.unbalanced;
