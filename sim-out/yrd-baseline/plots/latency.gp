# ykt simulate plot: Latency percentiles over the day
set datafile separator ','
set key top left
set grid
set title "Latency percentiles over the day"
set xlabel "hour (Beijing)"
set ylabel "ms"
set terminal svg size 900,420 noenhanced font 'Sans,11' background rgb 'white'
set output "plots/latency.svg"
set key autotitle columnhead
plot "tables/hourly.csv" using 1:8 with linespoints pt 7 ps 0.5 lw 2 title "p50_ms", \
     '' using 1:9 with linespoints pt 7 ps 0.5 lw 2 title "p90_ms", \
     '' using 1:10 with linespoints pt 7 ps 0.5 lw 2 title "p99_ms"
set terminal pngcairo size 900,420 noenhanced font 'Sans,10' background rgb 'white'
set output "plots/latency.png"
replot
set output
