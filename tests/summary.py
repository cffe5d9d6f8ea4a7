#!/usr/bin/env python3
"""Prints one closing line for all test projects from their .trx files: 'tests: N passed, N failed, N skipped'."""
import glob, sys, xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    # a skipped xUnit test counts in "total" but not in "executed" (its own counter stays 0)
    skipped += max(int(counters.get("total", 0)) - int(counters.get("executed", 0)), int(counters.get("notExecuted", 0)))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
