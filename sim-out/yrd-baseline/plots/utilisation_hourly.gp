# ykt simulate plot: Utilisation per actor over the day
set datafile separator ','
set key top left
set grid
set title "Utilisation per actor over the day"
set xlabel "hour (Beijing)"
set ylabel "utilisation"
set terminal svg size 900,420 noenhanced font 'Sans,11' background rgb 'white'
set output "plots/utilisation_hourly.svg"
set key autotitle columnhead
plot "tables/station_hourly.csv" using 1:2 with linespoints pt 7 ps 0.5 lw 2 title "exchange", \
     '' using 1:3 with linespoints pt 7 ps 0.5 lw 2 title "backend.310000", \
     '' using 1:4 with linespoints pt 7 ps 0.5 lw 2 title "backend.320000", \
     '' using 1:5 with linespoints pt 7 ps 0.5 lw 2 title "backend.330000", \
     '' using 1:6 with linespoints pt 7 ps 0.5 lw 2 title "backend.340000", \
     '' using 1:7 with linespoints pt 7 ps 0.5 lw 2 title "reader.*"
set terminal pngcairo size 900,420 noenhanced font 'Sans,10' background rgb 'white'
set output "plots/utilisation_hourly.png"
replot
set output
