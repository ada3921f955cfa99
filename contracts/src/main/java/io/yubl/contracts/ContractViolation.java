package io.yubl.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** A message that does not meet its contract, with every problem found. */
public class ContractViolation extends RuntimeException {
    private final List<Problem> problems;

    public ContractViolation(String what, List<Problem> problems) {
        super(what + " violates its contract: "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** For violations whose message is not a list of problems. */
    protected ContractViolation(List<Problem> problems, String message) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
