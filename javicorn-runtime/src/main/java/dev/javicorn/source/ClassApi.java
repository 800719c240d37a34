package dev.javicorn.source;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.reflect.AccessFlag;

/**
 * What other classes can see of a compiled class, as text: its flags, supertypes, generic
 * signature, permitted subclasses and record components, and every field and method that is not
 * private, with constant values (which the compiler copies into the classes that use them). Two
 * builds of a class whose APIs are equal need no recompiling of the classes that use it.
 */
final class ClassApi {
    private ClassApi() {}

    static String of(byte[] classFile) {
        ClassModel model = ClassFile.of().parse(classFile);
        StringBuilder api = new StringBuilder();
        api.append(model.flags().flagsMask()).append(' ').append(model.thisClass().asInternalName());
        model.superclass().ifPresent(s -> api.append(" extends ").append(s.asInternalName()));
        model.interfaces().forEach(i -> api.append(" implements ").append(i.asInternalName()));
        model.findAttribute(Attributes.signature()).ifPresent(s -> api.append(" sig ").append(s.signature().stringValue()));
        model.findAttribute(Attributes.permittedSubclasses()).ifPresent(p ->
                p.permittedSubclasses().forEach(c -> api.append(" permits ").append(c.asInternalName())));
        model.findAttribute(Attributes.record()).ifPresent(r ->
                r.components().forEach(c -> api.append(" component ").append(c.name()).append(c.descriptor())));
        api.append('\n');
        for (FieldModel field : model.fields()) {
            if (!field.flags().has(AccessFlag.PRIVATE)) {
                api.append(field.flags().flagsMask()).append(" field ").append(field.fieldName()).append(field.fieldType());
                field.findAttribute(Attributes.constantValue()).ifPresent(c -> api.append(" = ").append(c.constant().constantValue()));
                field.findAttribute(Attributes.signature()).ifPresent(s -> api.append(" sig ").append(s.signature().stringValue()));
                api.append('\n');
            }
        }
        for (MethodModel method : model.methods()) {
            if (!method.flags().has(AccessFlag.PRIVATE)) {
                api.append(method.flags().flagsMask()).append(" method ").append(method.methodName()).append(method.methodType());
                method.findAttribute(Attributes.signature()).ifPresent(s -> api.append(" sig ").append(s.signature().stringValue()));
                method.findAttribute(Attributes.exceptions()).ifPresent(e ->
                        e.exceptions().forEach(x -> api.append(" throws ").append(x.asInternalName())));
                method.findAttribute(Attributes.annotationDefault()).ifPresent(d -> api.append(" default ").append(d.defaultValue()));
                api.append('\n');
            }
        }
        return api.toString();
    }
}
