from msoc.cli import main

main()
