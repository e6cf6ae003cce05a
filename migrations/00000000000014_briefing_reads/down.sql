DROP TABLE briefing_reads;
