/**
 * JDK-only helpers every module uses: named daemon threads, interruptible pauses with backoff, and waiting for a
 * task's result with its own exception.
 */
package io.sightline.concurrent;
