from tfjudge.cli import entry

entry()
