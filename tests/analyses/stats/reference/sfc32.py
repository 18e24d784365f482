"""Reference outputs for tests/analyses/stats/prng.test.ts: splitmix32 seeding and sfc32, written
from their published definitions (Steele, Lea & Flood 2014; Doty-Humphrey's PractRand sfc32) with
32-bit arithmetic masked by hand. Run: python3 tests/analyses/stats/reference/sfc32.py"""
M=0xffffffff
def splitmix32(seed):
    st=seed&M
    while True:
        st=(st+0x9e3779b9)&M; z=st
        z=((z^(z>>16))*0x85ebca6b)&M
        z=((z^(z>>13))*0xc2b2ae35)&M
        yield (z^(z>>16))&M
def sfc32(seed):
    g=splitmix32(seed); a,b,c,d=next(g),next(g),next(g),next(g)
    while True:
        t=(a+b+d)&M; d=(d+1)&M; a=b^(b>>9); b=(c+((c<<3)&M))&M
        c=((c<<21)&M)|(c>>11); c=(c+t)&M
        yield t
g=sfc32(1)
for _ in range(12): next(g)
print([repr(next(g)/4294967296) for _ in range(3)])
g=sfc32(123456789)
for _ in range(12): next(g)
print([next(g) for _ in range(3)])
