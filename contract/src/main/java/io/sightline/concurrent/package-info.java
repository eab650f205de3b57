/** Two JDK-only helpers every module uses: named daemon threads, and interruptible pauses with backoff. */
package io.sightline.concurrent;
