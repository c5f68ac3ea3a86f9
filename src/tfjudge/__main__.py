from tfjudge.cli import main

raise SystemExit(main())
