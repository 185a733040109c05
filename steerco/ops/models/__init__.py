# steerco.ops keeps no tables of its own.
