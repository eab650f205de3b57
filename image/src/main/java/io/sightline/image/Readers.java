package io.sightline.image;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Picks one ImageIO reader provider per format, once; readers themselves are created per call
 * because an ImageReader is not thread-safe. TwelveMonkeys readers are preferred where both they and
 * the JDK have one (JPEG: CMYK/YCCK and ICC profiles; TIFF, BMP: more variants).
 */
final class Readers {
    private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = findProviders();

    private Readers() {
    }

    /** A new reader, or null where no provider is on the class path. */
    static ImageReader create(ImageFormat format) {
        ImageReaderSpi provider = PROVIDERS.get(format);
        if (provider == null) {
            return null;
        }
        try {
            return provider.createReaderInstance();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Map<ImageFormat, ImageReaderSpi> findProviders() {
        ImageIO.scanForPlugins();
        Map<ImageFormat, ImageReaderSpi> providers = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : ImageFormat.values()) {
            ImageReaderSpi chosen = null;
            Iterator<ImageReaderSpi> candidates = IIORegistry.getDefaultInstance()
                    .getServiceProviders(ImageReaderSpi.class, new FormatFilter(format.readerFormatName()), true);
            while (candidates.hasNext()) {
                ImageReaderSpi candidate = candidates.next();
                if (chosen == null || isTwelveMonkeys(candidate) && !isTwelveMonkeys(chosen)) {
                    chosen = candidate;
                }
            }
            if (chosen != null) {
                providers.put(format, chosen);
            }
        }
        return providers;
    }

    private static boolean isTwelveMonkeys(ImageReaderSpi provider) {
        return provider.getClass().getName().startsWith("com.twelvemonkeys.");
    }

    private record FormatFilter(String formatName) implements javax.imageio.spi.ServiceRegistry.Filter {
        @Override
        public boolean filter(Object provider) {
            for (String name : ((ImageReaderSpi) provider).getFormatNames()) {
                if (name.equalsIgnoreCase(formatName)) {
                    return true;
                }
            }
            return false;
        }
    }
}
