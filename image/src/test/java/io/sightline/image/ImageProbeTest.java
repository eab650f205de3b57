package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sightline.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageProbeTest {
    private final ImageProbe probe = new ImageProbe();

    @ParameterizedTest
    @CsvSource({"jpeg-baseline.jpg,JPEG,image/jpeg", "jpeg-progressive.jpg,JPEG,image/jpeg", "jpeg-cmyk.jpg,JPEG,image/jpeg",
            "png-16bit.png,PNG,image/png", "gif-two-frames.gif,GIF,image/gif", "bmp-24bit.bmp,BMP,image/bmp",
            "webp-lossy.webp,WEBP,image/webp", "webp-lossless.webp,WEBP,image/webp", "tiff-lzw.tif,TIFF,image/tiff"})
    void readsFormatAndSizeFromTheHeader(String name, ImageFormat format, String contentType) {
        ImageInfo info = probe.probe(Fixtures.bytes(name), name);

        assertEquals(new ImageInfo(format, 64, 48), info);
        assertEquals(contentType, info.contentType());
        assertEquals(Optional.of(format), ImageFormat.sniff(Arrays.copyOf(Fixtures.bytes(name), ImageFormat.SNIFF_BYTES)));
    }

    @Test
    void sniffingIgnoresNamesAndWeakBmpLookalikes() {
        assertEquals(Optional.empty(), ImageFormat.sniff("BM is how this text starts, not a bitmap".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[0]));
        assertEquals(Optional.empty(), ImageFormat.sniff(Fixtures.bytes("text-named.jpg")));
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}));
    }

    @Test
    void bombIsRefusedWithoutDecoding() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> probe.probe(Fixtures.bytes("png-bomb-100000x100000.png"), "holiday.jpg"));

        assertEquals(ErrorCode.IMAGE_TOO_LARGE, e.code());
        assertEquals("holiday.jpg: 100000 x 100000 pixels is over the 40 megapixel limit", e.getMessage());
        assertEquals("holiday.jpg", e.source());
    }

    @Test
    void otherPictureFormatsAreNamed() {
        byte[] heic = new byte[32];
        System.arraycopy("\0\0\0\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1), 0, heic, 0, 12);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> probe.probe(heic, "IMG_1.HEIC"));

        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertEquals("IMG_1.HEIC: HEIC pictures are not supported (supported: JPEG, PNG, GIF, BMP, WebP, TIFF)", e.getMessage());
    }

    @Test
    void damagedHeaderIsUndecodable() {
        byte[] header = Arrays.copyOf(Fixtures.bytes("png-rgb8.png"), 20);

        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> probe.probe(header, "x.png"));

        assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code());
    }
}
