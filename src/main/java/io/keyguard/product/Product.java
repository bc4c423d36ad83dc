package io.keyguard.product;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The product's name and the version the build stamped on it (the POM's, through the filtered product.properties),
 * for the command line's --version and the scan reports alike.
 */
public final class Product {

    public static final String NAME = "keyguard";

    private static final String VERSION = loadVersion();

    private Product() {
    }

    public static String version() {
        return VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = Product.class.getResourceAsStream("product.properties")) {
            if (in == null) {
                throw new IllegalStateException("product.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
