#!/bin/sh
# Tuning helper: FILES="..." bench/solver-tune.sh ITER OBJ 'PARAMS_JSON'... (each configuration, seeds 1 and 2).
ITER=$1; OBJ=$2; shift 2
S=../shared/benchmarks/solomon
FILES=${FILES:-"$S/R102.txt $S/R104.txt $S/R106.txt $S/R108.txt $S/R109.txt $S/R111.txt $S/R112.txt $S/RC101.txt $S/RC103.txt $S/RC104.txt $S/RC107.txt $S/RC108.txt"}
for P in "$@"; do
  for SEED in 1 2; do
    START=$(cat /proc/$$/stat | awk '{print $16+$17}')
    R=$(SEED=$SEED PARAMS="$P" node --import tsx bench/solver-quick.ts $ITER $OBJ $FILES | tail -1)
    END=$(cat /proc/$$/stat | awk '{print $16+$17}')
    echo "$P seed=$SEED $R cpu_s=$(( (END-START)/100 ))"
  done
done
