# ykt simulate plot: Throughput over the day (completed per second, simulated scale)
set datafile separator ','
set key top left
set grid
set title "Throughput over the day (completed per second, simulated scale)"
set xlabel "hour (Beijing)"
set ylabel "transactions/s"
set terminal svg size 900,420 noenhanced font 'Sans,11' background rgb 'white'
set output "plots/throughput.svg"
set key autotitle columnhead
plot "tables/hourly.csv" using 1:2 with linespoints pt 7 ps 0.5 lw 2 title "throughput_per_s"
set terminal pngcairo size 900,420 noenhanced font 'Sans,10' background rgb 'white'
set output "plots/throughput.png"
replot
set output
