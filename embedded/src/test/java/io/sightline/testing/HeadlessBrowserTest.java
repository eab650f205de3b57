package io.sightline.testing;

import java.awt.Color;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helper itself: the system Chromium starts offline, and decoded and broken pictures are told apart. */
class HeadlessBrowserTest {

    @Test
    void decodedPicturesPassAndABrokenOneFailsByName() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(Color.RED, 30, 20, 1));
        String html = "<!DOCTYPE html><meta charset=utf-8><title>哆啦A梦</title>"
                + "<img class=ok src='data:image/png;base64," + png + "'>"
                + "<img class=bad src='data:image/png;base64,AAAA'>";
        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.open("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            assertEquals("哆啦A梦", browser.driver().getTitle());
            assertEquals(30, browser.naturalWidth(browser.assertImagesDecoded(By.cssSelector("img.ok")).get(0)));
            AssertionError broken = assertThrows(AssertionError.class,
                    () -> browser.assertImagesDecoded(By.cssSelector("img")));
            assertTrue(broken.getMessage().contains("1 of 2 images"), broken.getMessage());
        }
    }
}
