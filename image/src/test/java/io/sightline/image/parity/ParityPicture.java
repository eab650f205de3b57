package io.sightline.image.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * One picture of the parity manifest: rendered from its scene, encoded here (PNG, or JPEG by the
 * JDK's encoder at the manifest's quality, with the EXIF orientation inserted) and its torchvision
 * reference tensor.
 */
public final class ParityPicture {
    private final JsonNode entry;
    private final Map<Character, int[]> font;
    private final String text;
    private byte[] encoded;

    ParityPicture(JsonNode entry, Map<Character, int[]> font, String text) {
        this.entry = entry;
        this.font = font;
        this.text = text;
    }

    public String name() {
        return entry.get("name").asText();
    }

    public String format() {
        return entry.get("format").asText();
    }

    public int width() {
        return entry.get("width").asInt();
    }

    public int height() {
        return entry.get("height").asInt();
    }

    /** 3 (RGB), 1 (grey) or 4 (RGBA). */
    public int channels() {
        return entry.get("channels").asInt();
    }

    public String sceneSha256() {
        return entry.get("sceneSha256").asText();
    }

    public String decodedSha256() {
        return entry.get("decodedSha256").asText();
    }

    @Override
    public String toString() {
        return name() + " (" + width() + "x" + height() + " " + format() + ")";
    }

    /** The scene's pixels, interleaved, {@link #channels()} bytes per pixel. */
    public byte[] scenePixels() {
        if (channels() != 4) {
            return ParityScene.render(width(), height(), channels(), entry.get("ops"), font, text);
        }
        byte[] colour = ParityScene.render(width(), height(), 3, entry.get("ops"), font, text);
        byte[] alpha = ParityScene.render(width(), height(), 1, entry.get("alphaOps"), font, text);
        byte[] rgba = new byte[alpha.length * 4];
        for (int i = 0; i < alpha.length; i++) {
            System.arraycopy(colour, 3 * i, rgba, 4 * i, 3);
            rgba[4 * i + 3] = alpha[i];
        }
        return rgba;
    }

    /** The file's bytes (made once, then kept). */
    public synchronized byte[] encoded() {
        if (encoded == null) {
            byte[] file = write(image(scenePixels()));
            int orientation = entry.get("orientation").asInt();
            encoded = orientation == 1 ? file : withExifOrientation(file, orientation);
        }
        return encoded;
    }

    /** Torchvision's tensor: NCHW, 0..1 ({@code 3 x 224 x 224}). */
    public float[] reference() {
        try {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(ParityFixtures.resource(entry.get("reference").asText())));
            int size = png.getWidth();
            float[] out = new float[3 * size * size];
            int[] rgb = new int[3];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    png.getRaster().getPixel(x, y, rgb);
                    for (int c = 0; c < 3; c++) {
                        out[c * size * size + y * size + x] = rgb[c] / 255f;
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the pixels as stored in the file, decoded by ImageIO (before orientation and alpha). */
    public String decodedPixelsSha256() {
        try {
            Raster raster = ImageIO.read(new ByteArrayInputStream(encoded())).getRaster();
            int[] row = new int[raster.getWidth() * raster.getNumBands()];
            byte[] bytes = new byte[row.length * raster.getHeight()];
            for (int y = 0; y < raster.getHeight(); y++) {
                raster.getPixels(0, y, raster.getWidth(), 1, row);
                for (int i = 0; i < row.length; i++) {
                    bytes[y * row.length + i] = (byte) row[i];
                }
            }
            return sha256(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private BufferedImage image(byte[] pixels) {
        int type = switch (channels()) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
            default -> BufferedImage.TYPE_3BYTE_BGR;
        };
        BufferedImage image = new BufferedImage(width(), height(), type);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int n = channels();
        for (int i = 0; i < width() * height(); i++) {
            for (int c = 0; c < n; c++) {
                // The JDK's byte layouts are BGR and ABGR: channel c of the scene goes to n - 1 - c (grey: 0).
                int to = n == 4 ? (c == 3 ? 0 : 3 - c) : n - 1 - c;
                data[i * n + to] = pixels[i * n + c];
            }
        }
        return image;
    }

    private byte[] write(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format().equals("png")) {
                ImageIO.write(image, "png", out);
                return out.toByteArray();
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(entry.get("quality").asInt() / 100f);
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JPEG with an APP1 Exif segment holding only the Orientation tag, inserted after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + header.length + 26;
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2).put((byte) 0xff).put((byte) 0xe1).putShort((short) length);
        out.put(header).put(tiff.array()).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
