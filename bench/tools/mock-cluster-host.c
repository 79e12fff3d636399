/*
 * oxbow-mock-cluster: hosts librdkafka's in-memory mock cluster (one broker, or --brokers N) in a
 * process of its own, so that separate rdkafka_performance processes reach it over loopback TCP
 * exactly as they reach an Oxbow cluster.
 *
 * Why not `rdkafka_performance -X test.mock.num.brokers=1` alone: that mock lives and dies with
 * one client process, so a consumer always finds it empty, and it auto-creates topics with a
 * fixed 4 partitions (the mock has no CreateTopics API). Here the topic is created up front with
 * the requested partition count.
 *
 * --retain-all: the mock keeps only the last 5 MiB (or 100 000 batches) of each partition, so a
 * consumer could read back only a sliver of a benchmark's produce. This flag lifts that limit so
 * everything produced can be consumed from the beginning. It is not free: the mock then touches
 * fresh memory for every batch (page faults) instead of recycling, which costs it about a third
 * of its produce rate at 100 B and three quarters at 1 KiB; so produce ceilings are measured
 * without it. Memory grows with what is produced: 5 M x 1 KiB holds ~5 GiB.
 *
 * NB: lifting retention reaches into librdkafka's private structs (rdkafka_mock_int.h), which is
 * sound only because the build pins librdkafka 2.12 (node-rdkafka 3.6.1).
 *
 * --brokers N: a mock cluster of N brokers; the topic is then created with replication factor
 * min(N, 3) and its partition leaders spread over the brokers round-robin (the mock's own
 * assignment may put them all on one broker). The mock replicates nothing (a follower is
 * bookkeeping only, acks=all is answered at once), which is what makes it a ceiling.
 *
 * Usage: oxbow-mock-cluster [--retain-all] [--brokers N] <topic> <partitions>
 * Prints the bootstrap server on one line of stdout, then serves until stdin reaches EOF (the
 * parent closed the pipe or died) or the process is signalled.
 *
 * Built by build-rdkafka-performance.sh against the same static librdkafka.a.
 */
/* librdkafka's own sources are compiled as GNU C; its private headers assume so. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rdkafka_int.h"
#include "rdkafka_mock.h"
#include "rdkafka_mock_int.h"

/* Invariant: the mock thread takes mcluster->lock for every request it parses
 * (rd_kafka_mock_connection_parse_request), so writes made under that lock before any client
 * connects are visible to it. */
static int lift_retention(rd_kafka_mock_cluster_t *mcluster, const char *topic) {
        rd_kafka_mock_topic_t *mtopic;
        int i;

        mtx_lock(&mcluster->lock);
        mtopic = rd_kafka_mock_topic_find(mcluster, topic);
        if (mtopic) {
                for (i = 0; i < mtopic->partition_cnt; i++) {
                        mtopic->partitions[i].max_size = SIZE_MAX;
                        mtopic->partitions[i].max_cnt  = SIZE_MAX;
                }
        }
        mtx_unlock(&mcluster->lock);
        return mtopic ? 0 : -1;
}

int main(int argc, char **argv) {
        char errstr[512];
        char drain[256];
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;
        rd_kafka_resp_err_t err;
        int retain_all = 0;
        int brokers    = 1;
        int i;
        const char *topic;
        int partitions;

        for (;;) {
                if (argc > 1 && !strcmp(argv[1], "--retain-all")) {
                        retain_all = 1;
                        argv++;
                        argc--;
                } else if (argc > 2 && !strcmp(argv[1], "--brokers")) {
                        brokers = atoi(argv[2]);
                        argv += 2;
                        argc -= 2;
                } else {
                        break;
                }
        }
        if (argc != 3 || (partitions = atoi(argv[2])) < 1 || brokers < 1) {
                fprintf(stderr,
                        "usage: oxbow-mock-cluster [--retain-all] [--brokers N] "
                        "<topic> <partitions>\n");
                return 2;
        }
        topic = argv[1];

        /* The mock needs an rd_kafka_t for its bookkeeping only; this handle never connects. */
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), errstr,
                          sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "rd_kafka_new: %s\n", errstr);
                return 1;
        }

        mcluster = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mcluster) {
                fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
                return 1;
        }

        err = rd_kafka_mock_topic_create(mcluster, topic, partitions,
                                         brokers < 3 ? brokers : 3);
        if (err) {
                fprintf(stderr, "rd_kafka_mock_topic_create: %s\n",
                        rd_kafka_err2str(err));
                return 1;
        }
        /* Mock broker ids start at 1. */
        for (i = 0; brokers > 1 && i < partitions; i++) {
                err = rd_kafka_mock_partition_set_leader(mcluster, topic, i,
                                                         1 + i % brokers);
                if (err) {
                        fprintf(stderr,
                                "rd_kafka_mock_partition_set_leader: %s\n",
                                rd_kafka_err2str(err));
                        return 1;
                }
        }
        if (retain_all && lift_retention(mcluster, topic) == -1) {
                fprintf(stderr, "topic %s not found after creation\n", topic);
                return 1;
        }

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        /* Invariant: the host never outlives its parent, which holds the other end of stdin. */
        while (read(STDIN_FILENO, drain, sizeof(drain)) > 0)
                ;

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
