#!/usr/bin/env bash
# Runs an MPI test under OpenMPI's mpirun on this machine (loopback,
# oversubscribed, as root in CI) and checks how it ends:
#   mpirun.sh pass NP PROGRAM ARGS...      exit 0
#   mpirun.sh fail REGEX NP PROGRAM ARGS... nonzero exit, output matching
#                                           REGEX (grep -E)
set -uo pipefail
expect=$1
shift
pattern=""
if [ "$expect" = fail ]; then
  pattern=$1
  shift
fi
np=$1
shift
# Shared memory without cross-process reads (CMA, which containers often
# forbid), and no network but loopback.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_btl=self,vader
output=$(mpirun --allow-run-as-root --oversubscribe -np "$np" "$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$expect" = pass ]; then
  exit $status
fi
if [ $status -eq 0 ]; then
  echo "mpirun.sh: expected a failure, but the run succeeded" >&2
  exit 1
fi
if ! grep -Eq -- "$pattern" <<< "$output"; then
  echo "mpirun.sh: the output does not match '$pattern'" >&2
  exit 1
fi
echo "mpirun.sh: failed as expected (status $status)"
