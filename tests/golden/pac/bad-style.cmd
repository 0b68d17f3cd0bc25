pac --style slow
