pac -o tests/golden/pac
