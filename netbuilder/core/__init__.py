"""Qt-free core: graph model, block catalogue, analysis, codegen and project documents."""
