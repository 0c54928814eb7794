print("codegen placeholder")
