/** A class that is neither a main-class app nor holds an App. */
public class Tool {
    public static int answer() {
        return 42;
    }
}
