#!/usr/bin/env bash
# Cold-start benchmark: the rule started as Lambda's java21 runtime starts it, against a minimal Python boto3
# rule, both answering one change event from a local fake of SageMaker and AWS Config (docs/cold-start.md).
#
#   bench/cold-start.sh                      # 10 runs of each variant
#   RUNS=20 bench/cold-start.sh              # more runs
#   VARIANTS=JAVA,PYTHON bench/cold-start.sh # a subset: JAVA, PYTHON, FLOOR, SNAPSTART
#   JAVA_BIN=/path/to/java bench/cold-start.sh   # another JVM for the started processes
#   TLS=1 bench/cold-start.sh                # the fake over HTTPS: both rules set up TLS, as against AWS
#   JVM_ARGS="-Xlog:class+load" bench/cold-start.sh   # more options for every started JVM, after Lambda's own
#   CPUS=0.58 bench/cold-start.sh            # each measured process gets that share of a CPU, as Lambda gives
#                                            # a 1024 MB function (1 CPU at 1769 MB); needs root and cgroups
#   TASK_B=/tmp/b VARIANTS=JAVA,JAVA_B bench/cold-start.sh   # side by side with another package (SNAPSTART_B: its
#                                            # SnapStart init), laid out in
#                                            # /tmp/b by "make build-RuleFunction ARTIFACTS_DIR=/tmp/b" elsewhere
#   JAVA_B_BIN=/path/to/java TASK_B="$PWD/target/cold-start/task" VARIANTS=JAVA,JAVA_B bench/cold-start.sh
#                                            # the same package on two JVMs side by side (docs/runtime.md)
#
# Needs JDK 17+, Maven, make, and Debian's python3-boto3 (installed here when missing; needs root and apt).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  echo "== installing Debian's python3-boto3"
  if [ "$(id -u)" -ne 0 ]; then
    echo "python3-boto3 is missing and this is not root: run 'sudo apt-get install -y python3-boto3'" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-boto3 >/dev/null
fi

echo "== building the deployment package (the Makefile target sam build runs) and fetching the Lambda runtime"
make -s build-RuleFunction ARTIFACTS_DIR="$PWD/target/cold-start/task"
mvn -B -q dependency:copy@lambda-runtime

echo "== running"
args=(-Dbench.runs="${RUNS:-10}" -Dbench.variants="${VARIANTS:-JAVA,PYTHON,FLOOR,SNAPSTART}")
if [ -n "${JAVA_BIN:-}" ]; then args+=(-Dbench.java="$JAVA_BIN"); fi
if [ -n "${TLS:-}" ]; then args+=(-Dbench.tls=true); fi
if [ -n "${JVM_ARGS:-}" ]; then args+=(-Dbench.jvmArgs="$JVM_ARGS"); fi
if [ -n "${CPUS:-}" ]; then args+=(-Dbench.cpus="$CPUS"); fi
if [ -n "${TASK_B:-}" ]; then args+=(-Dbench.taskB="$TASK_B"); fi
if [ -n "${JAVA_B_BIN:-}" ]; then args+=(-Dbench.javaB="$JAVA_B_BIN"); fi
mvn -B -q exec:java@cold-start "${args[@]}"
