/** Small helpers for the server-rendered, self-contained HTML pages (explorer, evaluation report). */
package io.sightline.html;
