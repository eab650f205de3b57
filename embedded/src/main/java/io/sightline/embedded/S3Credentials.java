package io.sightline.embedded;

/** The access and secret key of the embedded S3 server. */
public record S3Credentials(String accessKey, String secretKey) {
    public static final String DEFAULT_ACCESS_KEY = "sightline";
    public static final String DEFAULT_SECRET_KEY = "sightline-secret";

    public S3Credentials {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new InfrastructureException("S3 access and secret keys must not be empty; set "
                    + "SIGHTLINE_S3_ACCESS_KEY and SIGHTLINE_S3_SECRET_KEY");
        }
    }

    /** From SIGHTLINE_S3_ACCESS_KEY / SIGHTLINE_S3_SECRET_KEY when set, else the defaults. */
    public static S3Credentials fromEnvironment() {
        return new S3Credentials(
                envOr("SIGHTLINE_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                envOr("SIGHTLINE_S3_SECRET_KEY", DEFAULT_SECRET_KEY));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
