package io.yubl.processors.distribute;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.FanoutContinuation;
import io.yubl.middleware.SqsDeadLetters;
import io.yubl.middleware.SqsMessageHandler;

/**
 * continue-fanout on Lambda: the fan-out continuations FIFO queue, one continuation a batch. It runs distribute-yubl's
 * code (and ships in its artifact), from where the last invocation stopped.
 */
public class ContinueFanoutHandler extends SqsMessageHandler<FanoutContinuation> {
    private static final DistributeYubl DISTRIBUTE = DistributeYubl.fromEnvironment();

    public ContinueFanoutHandler() {
        super(
                Contracts::decodeContinuation,
                DISTRIBUTE::resume,
                SqsDeadLetters.fromEnvironment("FANOUT_CONTINUATIONS_DLQ_URL"));
    }
}
