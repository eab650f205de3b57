/** Texts for people shared by the pages and the CLI. */
package io.sightline.text;
