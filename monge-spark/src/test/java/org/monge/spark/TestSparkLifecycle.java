package org.monge.spark;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of the module (META-INF/services, with JUnit's extension
 * auto-detection on in junit-platform.properties): puts a resource in the root store, which JUnit
 * closes once the whole run is over, passed or failed; closing it stops the shared session and the
 * test cluster ({@link TestSpark#stop}).
 */
public final class TestSparkLifecycle implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestSparkLifecycle.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("spark", k -> (AutoCloseable) TestSpark::stop);
    }
}
