"""Run every benchmark and print its figures: python -m benchmarks [NAME ...]."""

import asyncio
import sys

from benchmarks import crash, dais, engine, fuzz, requests, speech, standby, typeahead, web

BENCHMARKS = {
    "append": engine.durable_append,
    "fold": engine.fold_50k,
    "lookup": engine.roster_lookup,
    "export": engine.export_10k,
    "export-fr": engine.export_10k_french,
    "keypress": dais.keypress,
    "keypress-extend": dais.keypress_extend,
    "keypress-next": dais.keypress_next,
    "keypress-undo": dais.keypress_undo,
    "startup": dais.startup,
    "propagation": dais.propagation,
    "speech": speech.latency,
    "speech-load": speech.renders_under_load,
    "web": web.web_500,
    "web-2000": web.web_2000,
    "web-flood": web.web_flood,
    "requests": requests.requests_300,
    "standby": standby.standby,
    "fuzz": fuzz.fuzz,
    "crash": crash.crash,
    "typeahead": typeahead.typeahead,
    "keypress-typeahead": typeahead.keypress_typeahead,
}


def main() -> int:
    names = sys.argv[1:] or list(BENCHMARKS)
    failed = 0
    for name in names:
        result = BENCHMARKS[name]()
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        for line, ok in result:  # ok is None for a figure given for context, with no goal
            print({True: "PASS ", False: "MISS ", None: "INFO "}[ok] + line)
            failed += ok is False
    return 1 if failed else 0


sys.exit(main())
