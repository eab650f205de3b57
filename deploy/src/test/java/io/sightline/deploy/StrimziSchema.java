package io.sightline.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which properties of Strimzi's model belong to its v1 API, read from the annotations Strimzi's CRD
 * generator uses on the model's getters and classes: {@code @PresentInVersions} (a property or type only
 * some versions have), {@code @RequiredInVersions}, {@code @DeprecatedProperty} and {@code @DeprecatedType}.
 * They have RUNTIME retention, but their classes are not published for a Java 17 class level, so Java's
 * reflection would drop them: they are read from the class files with ASM.
 */
final class StrimziSchema {
    private static final String PRESENT = "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";
    private static final String REQUIRED = "Lio/strimzi/crdgenerator/annotations/RequiredInVersions;";
    private static final String DEPRECATED_PROPERTY_SUFFIX = "/annotations/DeprecatedProperty;";
    private static final String DEPRECATED_TYPE_SUFFIX = "/annotations/DeprecatedType;";
    private static final Map<Class<?>, Annotations> CACHE = new ConcurrentHashMap<>();

    private StrimziSchema() {
    }

    /** The version annotations of one class: its own, and per getter name. */
    record Annotations(String presentIn, boolean deprecatedType, Map<String, String> presentInByGetter,
                       Map<String, String> requiredInByGetter, Map<String, Boolean> deprecatedGetters) {
    }

    static Annotations of(Class<?> type) {
        return CACHE.computeIfAbsent(type, StrimziSchema::read);
    }

    /** Whether a Strimzi version range ("v1+", "v1beta2+", "v1alpha1-v1beta2", "v1beta2", "v1") includes v1. */
    static boolean inV1(String range) {
        String r = range.strip();
        if (r.endsWith("+")) {
            return r.startsWith("v1");
        }
        return r.equals("v1") || r.endsWith("-v1");
    }

    private static Annotations read(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        Map<String, String> present = new HashMap<>();
        Map<String, String> required = new HashMap<>();
        Map<String, Boolean> deprecated = new HashMap<>();
        String[] classPresent = {null};
        boolean[] classDeprecated = {false};
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no class file for " + type.getName());
            }
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                    if (descriptor.endsWith(DEPRECATED_TYPE_SUFFIX)) {
                        classDeprecated[0] = true;
                    }
                    return PRESENT.equals(descriptor) ? value(v -> classPresent[0] = v) : null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            if (annotation.endsWith(DEPRECATED_PROPERTY_SUFFIX)) {
                                deprecated.put(name, true);
                            }
                            if (PRESENT.equals(annotation)) {
                                return value(v -> present.put(name, v));
                            }
                            if (REQUIRED.equals(annotation)) {
                                return value(v -> required.put(name, v));
                            }
                            return null;
                        }
                    };
                }
            }, ClassReader.SKIP_CODE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Annotations(classPresent[0], classDeprecated[0], present, required, deprecated);
    }

    /** Reads the annotation's {@code value} string. */
    private static AnnotationVisitor value(java.util.function.Consumer<String> sink) {
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String name, Object value) {
                if ("value".equals(name)) {
                    sink.accept(String.valueOf(value));
                }
            }
        };
    }
}
