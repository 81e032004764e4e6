"""Runs AWS CLI commands in one Python process, for test/pull/awscli.test.ts.

Each command goes through the AWS CLI's own driver (awscli.clidriver, what the `aws` script calls), exactly as
`aws <args>` would, but the CLI's start-up (about 1.4 s of CPU each) is paid once instead of once per command.
stdin: a JSON list of argument lists; stdout: a JSON list of {status, stdout, stderr}, one per command.
"""
import contextlib
import io
import json
import sys

import awscli.clidriver

results = []
for args in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = awscli.clidriver.create_clidriver().main(args)
    results.append({"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()})
json.dump(results, sys.__stdout__)
