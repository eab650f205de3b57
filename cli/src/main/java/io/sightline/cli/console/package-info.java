/** Terminal output: progress bars on a terminal, plain lines otherwise, and tables. */
package io.sightline.cli.console;
