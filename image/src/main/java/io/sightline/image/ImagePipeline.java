package io.sightline.image;

/**
 * Bytes to model input in one call: {@link ImageDecoder#decode} at full resolution then
 * {@link Preprocessor#write} (torchvision's preprocessing, bit for bit on the decoded pixels).
 * Thread-safe.
 */
public final class ImagePipeline {
    private final ImageDecoder decoder;
    private final Preprocessor preprocessor;

    public ImagePipeline(ImageDecoder decoder, Preprocessor preprocessor) {
        this.decoder = decoder;
        this.preprocessor = preprocessor;
    }

    public ImagePipeline(ImageLimits limits, Preprocessing preprocessing) {
        this(new ImageDecoder(limits), new Preprocessor(preprocessing));
    }

    /**
     * Decodes the picture and writes it as picture {@code index} of the batch.
     *
     * @throws ImageRejectedException when the picture is refused; the batch is then left untouched
     */
    public void decodeInto(byte[] bytes, String source, TensorBatch batch, int index) {
        if (index < 0 || index >= batch.capacity()) {
            throw new IndexOutOfBoundsException("index " + index + " outside a batch of " + batch.capacity());
        }
        preprocessor.write(decoder.decode(bytes, source), batch.buffer(), index);
    }

    public ImageDecoder decoder() {
        return decoder;
    }
}
