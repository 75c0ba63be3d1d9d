#!/usr/bin/env bash
# The yearly report for cron (deploy/jzanalysis-report.cron): runs `jzanalysis report`, sends every line of
# its log to syslog/the journal with the tag jzanalysis-report, and exits with the report's own status
# (0 published, 1 a notebook or rendering step failed, 2 bad input), so a failed run is not hidden behind
# the exit status of `logger`. On failure it also prints one line on stderr: cron mails a job's output to
# MAILTO (set it in the cron file), and the journal keeps the line at priority err.
#
# Install: sudo install -m 755 deploy/run-report.sh /opt/jzanalysis/run-report.sh
# Settings, from the environment first (cron file lines such as JZ_OUT=...), then from
# /etc/default/jzanalysis-report (the systemd service's file, read as KEY=VALUE lines, not run as a script):
#   JZ_HOME         the install folder (default /opt/jzanalysis: .venv/ and the working folder)
#   JZ_OUT          output folder (default $JZ_HOME/outputs)
#   JZ_REPORT_ARGS  extra arguments, split at spaces (default: none)
#   JZANALYSIS      the command (default $JZ_HOME/.venv/bin/jzanalysis)
#   JZ_LOG_TAG      syslog tag (default jzanalysis-report)
set -uo pipefail

settings=${JZ_SETTINGS:-/etc/default/jzanalysis-report}
setting() {  # setting NAME: the value of NAME= in $settings (last one wins; surrounding quotes removed)
  [ -r "$settings" ] || return 0
  sed -nE "s/^[[:space:]]*$1=(.*)$/\\1/p" "$settings" | tail -n 1 | sed -E 's/^"(.*)"$/\1/; s/^'"'"'(.*)'"'"'$/\1/'
}
JZ_HOME=${JZ_HOME:-/opt/jzanalysis}
[ -n "${JZ_OUT:-}" ] || JZ_OUT=$(setting JZ_OUT)
[ -n "${JZ_REPORT_ARGS+x}" ] || JZ_REPORT_ARGS=$(setting JZ_REPORT_ARGS)
JZ_OUT=${JZ_OUT:-$JZ_HOME/outputs}
JZANALYSIS=${JZANALYSIS:-$JZ_HOME/.venv/bin/jzanalysis}
tag=${JZ_LOG_TAG:-jzanalysis-report}

cd "$JZ_HOME" || { echo "$tag: cannot enter $JZ_HOME" >&2; exit 1; }
# shellcheck disable=SC2086  # JZ_REPORT_ARGS is a list of arguments split at spaces, as in the service
"$JZANALYSIS" report --out "$JZ_OUT" --jobs 2 $JZ_REPORT_ARGS 2>&1 | logger -t "$tag"
statuses=("${PIPESTATUS[@]}")
status=${statuses[0]}
if [ "$status" -ne 0 ]; then
  msg="yearly report FAILED with exit status $status (log: journalctl -t $tag, or /var/log/syslog)"
  logger -t "$tag" -p user.err "$msg" || true
  echo "$tag: $msg" >&2
  exit "$status"
fi
if [ "${statuses[1]}" -ne 0 ]; then
  echo "$tag: the report was published but logger failed (status ${statuses[1]}): its log is lost" >&2
  exit "${statuses[1]}"
fi
exit 0
