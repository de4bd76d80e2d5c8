#!/bin/sh
# One-shot, run by the temporal-admin service (temporalio/admin-tools image) once the Temporal server
# answers: creates fulian-flow's namespace if missing and registers its custom search attributes.
# Idempotent: an existing namespace is kept as it is (its retention too), and creating a search
# attribute that exists with the same type succeeds; the CLI refuses one that exists with another
# type, which stops this script.
#
# The four search attributes must match workflows/search-attributes.ts.
#
# Environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE (default "default"),
# TEMPORAL_NAMESPACE_RETENTION (default 30d; used only when the namespace is created).
set -eu

ADDRESS="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS (host:port of the Temporal frontend) must be set}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-30d}"
ATTEMPTS="${SETUP_ATTEMPTS:-60}"
SEARCH_ATTRIBUTES="FulianTemplateCode:Keyword FulianEventStatus:Keyword FulianEventDate:Datetime FulianLeadUnit:Keyword"

# retry <what> <command...>: runs the command every 5 s until it succeeds, ATTEMPTS times at most.
retry() {
  what="$1"
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      echo "Gave up waiting for $what after $ATTEMPTS attempts" >&2
      exit 1
    fi
    echo "Waiting for $what (attempt $attempt/$ATTEMPTS)"
    attempt=$((attempt + 1))
    sleep 5
  done
}

ensure_namespace() {
  if temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; then
    echo "Namespace $NAMESPACE exists"
  else
    temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$ADDRESS"
  fi
}

create_search_attributes() {
  set --
  for pair in $SEARCH_ATTRIBUTES; do
    set -- "$@" --name "${pair%%:*}" --type "${pair#*:}"
  done
  temporal operator search-attribute create --namespace "$NAMESPACE" --address "$ADDRESS" "$@"
}

namespace_usable() {
  temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null
}

search_attributes_listed() {
  listed="$(temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS")" || return 1
  for pair in $SEARCH_ATTRIBUTES; do
    echo "$listed" | grep -q "${pair%%:*}" || return 1
  done
}

retry "Temporal at $ADDRESS" temporal operator cluster health --address "$ADDRESS"
retry "namespace $NAMESPACE" ensure_namespace
# A new namespace reaches the server's namespace cache after a short delay.
retry "namespace $NAMESPACE to be usable" namespace_usable
# Not retried: past this point a failure is lasting (e.g. an attribute exists with another type).
create_search_attributes
retry "search attributes to be listed" search_attributes_listed
echo "Namespace $NAMESPACE ready with search attributes: $SEARCH_ATTRIBUTES"
