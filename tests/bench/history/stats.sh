#!/usr/bin/env bash
# stats.sh FILE FIELD -> n median p90 min max  (p90: nearest-rank)
sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$1" | sort -g | awk '{v[NR]=$1} END{n=NR; if(!n){print 0;exit}
 med = n%2 ? v[(n+1)/2] : (v[n/2]+v[n/2+1])/2; k=int(0.9*n+0.999999); if(k<1)k=1;
 printf "n=%d median=%.1f p90=%.1f min=%.1f max=%.1f\n", n, med, v[k], v[1], v[n]}'
