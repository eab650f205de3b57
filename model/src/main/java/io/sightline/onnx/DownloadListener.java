package io.sightline.onnx;

/** Progress of a backbone download. */
@FunctionalInterface
public interface DownloadListener {
    /**
     * @param bytesSoFar bytes received
     * @param totalBytes expected total, or -1 when unknown
     */
    void progress(long bytesSoFar, long totalBytes);

    static DownloadListener none() {
        return (bytes, total) -> { };
    }
}
