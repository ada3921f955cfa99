package io.yubl.processors.distribute;

import io.yubl.contracts.Contracts;
import io.yubl.contracts.FanoutContinuation;
import io.yubl.middleware.SqsAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Hands the rest of a fan-out on, on the fan-out continuations FIFO queue. Each walk of a yubl's fan-out is a message
 * group of its own (walks, and fan-outs of different yubls, go on side by side; one walk's steps one after another),
 * and a step's deduplication id is the yubl, the walk and its pages done: a step sent twice (its sender retried after
 * it had sent it) within SQS's five-minute deduplication window is one message, so a retry never starts a second
 * chain. Throttling and 5xx answers are retried by the SDK.
 */
public final class FanoutContinuations {
    private final SqsClient sqs;
    private final String queueUrl;

    public FanoutContinuations(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(FanoutContinuation next) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl)
                .messageBody(Contracts.encodeContinuation(next))
                .messageGroupId(next.yublId() + "-" + next.walk())
                .messageDeduplicationId(next.yublId() + "-" + next.walk() + "-" + next.pagesDone())
                .messageAttributes(SqsAttributes.correlation()));
    }
}
