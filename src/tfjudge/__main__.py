from tfjudge.launch import run

run()
