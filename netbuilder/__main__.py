from netbuilder.cli import main

if __name__ == "__main__":  # a worker process (multiprocessing spawn) imports this too
    raise SystemExit(main())
