package io.yubl.contracts;

/** One thing wrong with a message: where (a JSON path such as {@code $.payload.firstName}) and what. */
public record Problem(String path, String message) {
    /** The last name in the path: the field a caller would fix. */
    public String field() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
