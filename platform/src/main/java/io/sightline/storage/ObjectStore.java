package io.sightline.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.sightline.concurrent.Pause;
import io.sightline.contract.ObjectRef;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * One bucket of an S3-compatible store, through the plain S3 API only (works with MinIO, S3Proxy,
 * AWS S3 and others). Failures are {@link StorageException}s whose message says what to change.
 */
public final class ObjectStore {
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject");
    private static final Set<String> BAD_CREDENTIALS =
            Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied");

    private static final int LIST_ATTEMPTS = 6;

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;

    public ObjectStore(MinioClient client, String endpoint, String bucket) {
        this.client = client;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    public static ObjectStore connect(String endpoint, String accessKey, String secretKey, String region, String bucket) {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .region(region);
        httpClientFor(endpoint).ifPresent(builder::httpClient);
        return new ObjectStore(builder.build(), endpoint, bucket);
    }

    /**
     * The HTTP client for a plain-HTTP endpoint: the MinIO client's own settings (5-minute timeouts, HTTP/1.1), shared
     * by every store of the process, without the one step of its default client that such an endpoint never uses:
     * where {@code SSL_CERT_FILE} is set, the default client reads and parses that CA bundle (about 150 certificates:
     * 0.35 s) each time a client is built. Empty for HTTPS, which keeps the default client and the variable's CAs.
     */
    static Optional<OkHttpClient> httpClientFor(String endpoint) {
        return endpoint.regionMatches(true, 0, "http://", 0, "http://".length())
                ? Optional.of(PlainHttp.CLIENT) : Optional.empty();
    }

    /** Built on first use only. */
    private static final class PlainHttp {
        private static final long TIMEOUT_MS = Duration.ofMinutes(5).toMillis();
        static final OkHttpClient CLIENT = new OkHttpClient.Builder()
                .connectTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .writeTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }

    public String bucket() {
        return bucket;
    }

    public String endpoint() {
        return endpoint;
    }

    public ObjectRef ref(String key) {
        return new ObjectRef(bucket, key);
    }

    /** Creates the bucket when it is missing. */
    public void ensureBucket() {
        call("check bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /** True when the store answers and has the bucket; throws {@link StorageException} when it does not answer. */
    public boolean bucketExists() {
        return call("check bucket " + bucket, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    public boolean exists(String key) {
        return size(bucket, key).isPresent();
    }

    /** The object's size, or empty when it does not exist. */
    private Optional<Long> size(String fromBucket, String key) {
        return stat(fromBucket, key).map(StoredObject::size);
    }

    /** The object's key, size and last change, or empty when it does not exist. */
    public Optional<StoredObject> stat(String key) {
        return stat(bucket, key);
    }

    private Optional<StoredObject> stat(String fromBucket, String key) {
        try {
            var stat = client.statObject(StatObjectArgs.builder().bucket(fromBucket).object(key).build());
            return Optional.of(new StoredObject(key, stat.size(), stat.lastModified().toInstant()));
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                return Optional.empty();
            }
            if ("NoSuchBucket".equals(e.errorResponse().code())) {
                throw new ObjectMissingException(fromBucket, key, e);
            }
            throw translate("stat " + key, e);
        } catch (Exception e) {
            throw translate("stat " + key, e);
        }
    }

    /** Stores the bytes unless the key exists; returns whether they were written. */
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        if (exists(key)) {
            return false;
        }
        put(key, bytes, contentType);
        return true;
    }

    /**
     * Stores the bytes; an object over {@link #LARGE_OBJECT_BYTES} (a model) in parts of {@link #LARGE_PART_BYTES}.
     * The client's default 5 MiB parts made a 94 MB model 18 parts the server must join (1.6 s; 16 MiB parts, 6 of
     * them: 1.0 s). The client copies each part into a growing buffer before sending it, so smaller objects
     * (pictures of up to 32 MiB, many of which may be in flight) keep the default parts, and a single PUT of a model,
     * faster still, ran the quickstart's 640 MB heap out (docs/performance.md).
     */
    public void put(String key, byte[] bytes, String contentType) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .contentType(contentType)
                .stream(new ByteArrayInputStream(bytes), bytes.length, partSize(bytes.length))
                .build()));
    }

    /** Objects above this size are sent in {@link #LARGE_PART_BYTES} parts. */
    static final long LARGE_OBJECT_BYTES = 64L << 20;
    static final long LARGE_PART_BYTES = 16L << 20;

    /** The part size for an object of {@code length} bytes; -1 lets the client choose (5 MiB). */
    static long partSize(long length) {
        return length > LARGE_OBJECT_BYTES ? LARGE_PART_BYTES : -1;
    }

    /** Removes the object; removing one that does not exist is not an error (S3's own rule). */
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    public byte[] get(String key) {
        return get(bucket, key);
    }

    /** Reads an object from any bucket of this store (a classify request may name another bucket). */
    public byte[] get(String fromBucket, String key) {
        return get(fromBucket, key, Long.MAX_VALUE);
    }

    /**
     * Reads an object of at most {@code maxBytes} in one request: a larger one is refused from the
     * response's Content-Length, before its bytes are read (or, without a length, once more than
     * {@code maxBytes} have come).
     */
    public byte[] get(String fromBucket, String key, long maxBytes) {
        try (GetObjectResponse response = client.getObject(
                GetObjectArgs.builder().bucket(fromBucket).object(key).build())) {
            String length = response.headers().get("Content-Length");
            if (length != null && Long.parseLong(length) > maxBytes) {
                throw new ObjectTooLargeException(fromBucket, key, Long.parseLong(length), maxBytes);
            }
            if (length != null || maxBytes >= Integer.MAX_VALUE - 8) {
                return response.readAllBytes();
            }
            byte[] bytes = response.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ObjectTooLargeException(fromBucket, key, bytes.length, maxBytes);
            }
            return bytes;
        } catch (StorageException e) {
            throw e;
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code()) || "NoSuchBucket".equals(e.errorResponse().code())) {
                throw new ObjectMissingException(fromBucket, key, e);
            }
            throw translate("get " + key, e);
        } catch (Exception e) {
            throw translate("get " + key, e);
        }
    }

    /** Keys under {@code prefix} (see {@link #listObjects}). */
    public List<String> list(String prefix) {
        return listObjects(prefix).stream().map(StoredObject::key).toList();
    }

    /**
     * The objects under {@code prefix}. A listing that races an upload in progress can fail on some stores
     * (S3Proxy's filesystem backend answers 500 for the half-written file), so a failed listing is
     * tried again a few times before the error is reported.
     */
    public List<StoredObject> listObjects(String prefix) {
        StorageException last = null;
        for (int attempt = 0; attempt < LIST_ATTEMPTS; attempt++) {
            try {
                return listOnce(prefix);
            } catch (StorageException e) {
                if (e.getMessage().contains("rejected the credentials") || e.getMessage().contains("unreachable")) {
                    throw e;
                }
                last = e;
                Pause.pause(Pause.backoff(Duration.ofMillis(100), Duration.ofSeconds(2), attempt));
            }
        }
        throw last;
    }

    private List<StoredObject> listOnce(String prefix) {
        return call("list " + prefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                Instant modified = item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant();
                objects.add(new StoredObject(item.objectName(), item.size(), modified));
            }
            return objects;
        });
    }

    /** An object of this store's bucket: its key, size in bytes, and when it was last written. */
    public record StoredObject(String key, long size, Instant lastModified) {
    }

    private <T> T call(String action, S3Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw translate(action, e);
        }
    }

    private StorageException translate(String action, Exception e) {
        if (e instanceof StorageException storage) {
            return storage;
        }
        if (e instanceof ErrorResponseException response && BAD_CREDENTIALS.contains(response.errorResponse().code())) {
            return new StorageException("S3 at " + endpoint + " rejected the credentials (" + response.errorResponse().code()
                    + "); set SIGHTLINE_S3_ACCESS_KEY and SIGHTLINE_S3_SECRET_KEY to the store's keys", e);
        }
        if (e instanceof java.io.IOException) {
            return new StorageException("S3 at " + endpoint + " is unreachable (" + e.getMessage() + ") during "
                    + action + "; check sightline.s3.endpoint (SIGHTLINE_S3_ENDPOINT)", e);
        }
        return new StorageException("S3 " + action + " in bucket " + bucket + " failed: " + e, e);
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
