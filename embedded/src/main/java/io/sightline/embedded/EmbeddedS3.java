package io.sightline.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server (S3Proxy) storing objects as files under {@code dataDir/s3}, with AWS signature
 * authentication: clients need the configured access and secret key.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String endpoint;
    private final S3Credentials credentials;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, String endpoint, S3Credentials credentials) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /**
     * Starts the server.
     *
     * @param dataDir objects live in {@code dataDir/s3/<bucket>/<key>}
     * @param port    0 for any free port
     */
    public static EmbeddedS3 start(Path dataDir, int port, S3Credentials credentials) {
        Path baseDir = DataDirs.writable(dataDir.resolve("s3"));
        int chosenPort = Ports.claim(port, "S3", "--s3-port");
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", baseDir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials("local", "local")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        String endpoint = "http://127.0.0.1:" + chosenPort;
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(32)
                .build();
        EmbeddedS3 s3 = new EmbeddedS3(proxy, context, endpoint, credentials);
        try {
            proxy.start();
            s3.awaitStarted();
        } catch (Exception e) {
            s3.close();
            throw new InfrastructureException("embedded S3 did not start on port " + chosenPort + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Embedded S3 ready on {} (data in {})", endpoint, baseDir);
        return s3;
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("S3 server state " + proxy.getState());
            }
            Thread.onSpinWait();
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public S3Credentials credentials() {
        return credentials;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3 server did not stop cleanly: {}", e.getMessage());
        } finally {
            context.close();
        }
    }
}
