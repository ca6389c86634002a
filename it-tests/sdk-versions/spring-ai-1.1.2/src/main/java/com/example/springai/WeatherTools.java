package com.example.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** The tool of the recorded tool-call conversation; Spring AI calls it between two requests. */
public class WeatherTools {

  @Tool(name = "get_weather", description = "Get the current weather in a given location")
  public String getWeather(@ToolParam(description = "The city") String location) {
    return location.startsWith("London") ? "15 degrees and raining" : "25 degrees and sunny";
  }
}
