package io.sightline.cli.allinone;

import io.sightline.contract.Pretrained;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --pretrained true|false}: what the user says of a FILE.onnx backbone's weights (a picocli mixin of the
 * commands that take {@code --backbone}). Without it a file is what its metadata ({@code sightline.pretrained})
 * says, else {@code pretrained: unknown}.
 */
public final class PretrainedOption {
    @Option(names = "--pretrained", paramLabel = "true|false",
            description = "Whether the weights of a FILE.onnx backbone are pretrained (default: its metadata's "
                    + "sightline.pretrained, else unknown).")
    String pretrained;

    /** The declaration, or null when none; a value other than true or false is a usage error. */
    public Pretrained declared(CommandLine commandLine) {
        if (pretrained == null) {
            return null;
        }
        String value = pretrained.trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            String shown = value.length() > 20 ? value.substring(0, 20) + "..." : value;
            throw new CommandLine.ParameterException(commandLine, "--pretrained must be true or false, was '" + shown + "'");
        }
        return Pretrained.parse(value);
    }
}
