package dev.javicorn.worker;

import dev.javicorn.App;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The {@code APP} argument: {@code Class} for a main-class app, {@code Class:member} for a native
 * app whose static field or static no-arg method gives an {@link App}.
 *
 * <p>{@link #check} looks at the class without running its static initializer, so the supervisor
 * can reject a wrong target with one line before it starts any worker.
 */
public record AppTarget(String className, String member) {
    public AppTarget {
        if (className.isBlank() || (member != null && member.isBlank())) {
            throw new IllegalArgumentException("APP must look like 'Class' or 'Class:member'");
        }
    }

    public static AppTarget parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new AppTarget(text.strip(), null);
        }
        if (text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("APP must look like 'Class' or 'Class:member', got '" + text + "'");
        }
        return new AppTarget(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
    }

    public boolean isNative() {
        return member != null;
    }

    @Override
    public String toString() {
        return isNative() ? className + ":" + member : className;
    }

    /**
     * Checks that the target exists in {@code loader} and has the right shape.
     *
     * @throws IllegalArgumentException with one sentence for the user if it does not
     */
    public void check(ClassLoader loader) {
        Class<?> type = load(loader, false);
        if (isNative()) {
            if (findField(type) == null && findMethod(type) == null) {
                throw new IllegalArgumentException("Attribute \"" + member + "\" not found in class \"" + className
                        + "\": expected a static field or static no-arg method returning dev.javicorn.App.");
            }
        } else {
            mainMethod(type);
        }
    }

    /** Loads the class and gets the App (runs the class's static initializer). */
    public App resolveApp(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = load(loader, true);
        Field field = findField(type);
        Object value;
        if (field != null) {
            field.setAccessible(true);
            value = field.get(null);
        } else {
            Method method = findMethod(type);
            if (method == null) {
                throw new IllegalArgumentException("Attribute \"" + member + "\" not found in class \"" + className + "\".");
            }
            method.setAccessible(true);
            value = method.invoke(null);
        }
        if (!(value instanceof App app)) {
            throw new IllegalArgumentException("\"" + this + "\" is " + (value == null ? "null" : "a " + value.getClass().getName())
                    + ", not a dev.javicorn.App.");
        }
        return app;
    }

    /** The {@code main(String[])} method of a main-class app. */
    public Method mainMethod(Class<?> type) {
        try {
            Method main = type.getDeclaredMethod("main", String[].class);
            if (Modifier.isStatic(main.getModifiers())) {
                main.setAccessible(true);
                return main;
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        throw new IllegalArgumentException("Class \"" + className + "\" has no static main(String[]) method; "
                + "to serve a native app, name its App as \"" + className + ":member\".");
    }

    public Class<?> load(ClassLoader loader, boolean initialize) {
        try {
            return Class.forName(className, initialize, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalArgumentException("Could not find class \"" + className + "\" in the app's classes.");
        }
    }

    private Field findField(Class<?> type) {
        try {
            Field field = type.getDeclaredField(member);
            return Modifier.isStatic(field.getModifiers()) && App.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private Method findMethod(Class<?> type) {
        try {
            Method method = type.getDeclaredMethod(member);
            return Modifier.isStatic(method.getModifiers()) && App.class.isAssignableFrom(method.getReturnType()) ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
