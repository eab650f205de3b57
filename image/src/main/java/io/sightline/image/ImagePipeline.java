package io.sightline.image;

import java.nio.FloatBuffer;

/**
 * Bytes to model input in one call, torchvision's preprocessing: for a big baseline JPEG (shrunk 8
 * times or more) straight from its DCT coefficients ({@link JpegReducer}, within the documented
 * distance of torchvision), else {@link ImageDecoder#decode} at full resolution then
 * {@link Preprocessor#write} (bit for bit on the decoded pixels). Thread-safe.
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
        write(bytes, source, batch.buffer(), index);
    }

    /**
     * The picture's model input, {@code valuesPerImage} floats (NCHW, 0..1).
     *
     * @throws ImageRejectedException when the picture is refused
     */
    public float[] tensor(byte[] bytes, String source) {
        float[] values = new float[preprocessor.preprocessing().valuesPerImage()];
        write(bytes, source, FloatBuffer.wrap(values), 0);
        return values;
    }

    private void write(byte[] bytes, String source, FloatBuffer target, int index) {
        Preprocessor.checkSlot(preprocessor.preprocessing(), target, index);
        decoder.writeModelInput(bytes, source, preprocessor, target, index);
    }

    /**
     * Whether the model input of such a picture is {@link Preprocessor} on {@link ImageDecoder#decode}, bit for
     * bit; false (to be safe, a little early) for a JPEG big enough that the pipeline may read it from its DCT
     * coefficients instead.
     */
    public static boolean fromPixels(ImageInfo info, Preprocessing preprocessing) {
        return info.format() != ImageFormat.JPEG
                || Math.min(info.width(), info.height()) < JpegReducer.MIN_SCALE * (preprocessing.resizeShorter() - 1);
    }

    public ImageDecoder decoder() {
        return decoder;
    }
}
